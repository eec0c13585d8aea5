# The two commands: `make run` and `make test`. Both install missing Debian packages first.
PRESET ?= dev
BUILD  ?= build
JOBS   ?= $(shell nproc)

.PHONY: all deps configure build run test clean package package-test asan-test tidy

all: build

deps:
	@bash packaging/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake --preset $(PRESET)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/app/chestlens $(ARGS)

test: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

package: build
	cd $(BUILD) && cpack -G DEB

# Installs the package, runs it from /usr, validates its desktop metadata and removes it again.
package-test: package
	bash packaging/test-deb.sh $(BUILD)

# The core and worker tests again under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan).
ASAN_TESTS = filmloader badinput dicomsynth modelfile metrics calibration split dedup labelledfolder \
             colormap gradcam torchscript inferenceworker
asan-test: deps
	cmake --preset asan
	cmake --build build-asan -j $(JOBS) --target $(addprefix test_,$(ASAN_TESTS)) chestlens-cli chestlens_resources \
	    fuzz_make_seeds fuzz_filmloader_replay fuzz_modelfile_replay
	cd build-asan && QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS) -R '^(test_($(subst $(eval) ,|,$(ASAN_TESTS)))|fuzz_.*)$$'

# clang-tidy (checks in .clang-tidy) over core/ and ui/; any warning fails.
tidy: build
	bash tests/lint/clang-tidy.sh $(BUILD)

clean:
	rm -rf $(BUILD)
