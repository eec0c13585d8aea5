#pragma once

#include "core/ml/modelinfo.h"

#include <QDialog>

namespace chestlens::ui {

/// Model ▸ Model card: the current model's classes, architecture, validation metrics, date and
/// file hash, and the reminder that it is a research model.
class ModelCardDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ModelCardDialog(const chestlens::ModelInfo &info, QWidget *parent = nullptr);
};

} // namespace chestlens::ui
