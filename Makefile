# The two commands: `make run` and `make test`. Both install missing Debian packages first.
PRESET ?= dev
BUILD  ?= build
JOBS   ?= $(shell nproc)

.PHONY: all deps configure build run test clean package package-test

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

clean:
	rm -rf $(BUILD)
