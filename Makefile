# The two commands: `make run` and `make test`. Both install missing Debian packages first.
PRESET ?= dev
BUILD  ?= build
JOBS   ?= $(shell nproc)

.PHONY: all deps configure build run run-check test clean package package-test asan-test tidy format format-check

all: build

deps:
	@bash packaging/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake --preset $(PRESET)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Starts the GUI from wherever the build put it: CMake writes its path to chestlens-gui-path.txt
# (app/CMakeLists.txt).
run: build
	"$$(cat $(BUILD)/chestlens-gui-path.txt)" $(ARGS)

# `make run` headless with a film and --screenshot, as CI runs it (tests/make_run_check.sh).
run-check:
	bash tests/make_run_check.sh

test: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

package: build
	cd $(BUILD) && cpack -G DEB

# Installs the package, runs it from /usr, validates its desktop metadata and removes it again.
package-test: package
	bash packaging/test-deb.sh $(BUILD)

# The core and worker tests again under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan).
ASAN_TESTS = filmloader badinput dicomsynth modelfile metrics calibration split dedup labelledfolder \
             colormap gradcam torchscript inferenceworker jobs textformats batchforward
asan-test: deps
	cmake --preset asan
	cmake --build build-asan -j $(JOBS) --target $(addprefix test_,$(ASAN_TESTS)) chestlens-cli chestlens_resources \
	    fuzz_make_seeds fuzz_filmloader_replay fuzz_modelfile_replay
	cd build-asan && QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS) -R '^(test_($(subst $(eval) ,|,$(ASAN_TESTS)))|fuzz_.*)$$'

# clang-tidy (checks in .clang-tidy, functions at most 120 lines) over app/, core/ and ui/; any warning fails.
tidy: build
	bash tests/lint/clang-tidy.sh $(BUILD)

# clang-format (style in .clang-format) over every C++ file in git: `format` rewrites, `format-check`
# lists the files that differ and fails.
format:
	bash tests/lint/clang-format.sh --fix

format-check:
	bash tests/lint/clang-format.sh

clean:
	rm -rf $(BUILD)
