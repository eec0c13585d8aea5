#pragma once
// The one place core pulls in LibTorch. Torch headers use the identifier `slots`; core is built
// with QT_NO_KEYWORDS, but guard anyway in case a Qt header defined the macro first.
#pragma push_macro("slots")
#undef slots
#include <torch/nn.h>
#include <torch/optim.h>
#include <torch/serialize.h>
#include <torch/types.h>
#include <torch/utils.h>
#pragma pop_macro("slots")
