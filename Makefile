# Thin wrapper: install missing Debian packages, configure with CMake + Ninja, build, run.
BUILD ?= build
JOBS ?= $(shell nproc)
# Warnings are errors in a developer's checkout and in CI (.ci/run); a plain
# `cmake` build (packagers) leaves them warnings. `make WERROR=OFF` to relax.
WERROR ?= ON
CMAKE_FLAGS ?=
CMAKE_FLAGS += -DPREFLIGHT_WERROR=$(WERROR)
PREFIX ?=
ifeq ($(SANITIZE),1)
  BUILD := build-asan
  CMAKE_FLAGS += -DPREFLIGHT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
endif

.PHONY: all deps build demo test bench clean fixtures install fuzz deb

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Only the binary: the demo needs neither the test suite nor the man page.
demo: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target preflight
	@scripts/demo.sh $(BUILD)/preflight

test: build
	@scripts/install-test-deps.sh
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh $(BUILD)/preflight

fixtures:
	testdata/build.sh

# `make install PREFIX=~/.local` puts bin/preflight in ~/.local/bin (on the
# PATH of most shells); without PREFIX, CMake's default (/usr/local).
install: build
	cmake --install $(BUILD) $(if $(PREFIX),--prefix $(patsubst ~%,$(HOME)%,$(PREFIX)))

# Fuzz for FUZZ_SECONDS (default 60) per target with libFuzzer (clang), seeded from testdata/.
FUZZ_SECONDS ?= 60
# Exits non-zero when a target crashes (.ci/run runs it for 60 s a target).
fuzz:
	@scripts/install-deps.sh clang libclang-rt-dev
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPREFLIGHT_FUZZ=ON -DPREFLIGHT_SANITIZE=ON -DBUILD_TESTING=OFF $(FUZZ_CMAKE_FLAGS)
	cmake --build build-fuzz --target fuzz_check fuzz_parsers -j $(JOBS)
	scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

# A Debian package (build/preflight_X.Y.Z_ARCH.deb): binary, man page, profiles.
deb: build
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf build build-asan build-fuzz
