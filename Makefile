# The two commands of the README: `make run` (set up, build, run an example) and `make test`.
SWIFT ?= swift
# Results that must be bit-identical pin OpenBLAS's thread count.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: run test build bench setup clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release

run: build
	@bash scripts/run-example.sh

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) run pcx-embed-example examples/quickstart.pcx

bench: setup
	bash bench/compare.sh

clean:
	rm -rf .build
