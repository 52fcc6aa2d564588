# The two set-up commands of the README: `make demo` and `make test`. Both install what is missing
# first (apt packages and the stack's venv), so they work on a fresh Debian machine.

SWIFT ?= swift
CONFORM = .build/debug/conform

.PHONY: setup build demo test bench clean

setup:
	@scripts/bootstrap.sh

build: setup
	$(SWIFT) build

# Runs the shipped scenarios against a freshly started reference stack and writes the reports.
demo: build
	@scripts/with-stack.sh .stack/demo -- \
	  $(CONFORM) run Scenarios --env-file .stack/demo/stack.env --junit Reports/junit.xml --report-dir Reports; \
	  status=$$?; echo; echo "Reports are in $(CURDIR)/Reports (DEV_*.md and junit.xml)."; exit $$status

# Unit and end-to-end tests (they start their own stacks), then the shipped scenarios as in demo.
test: build
	$(SWIFT) test
	@scripts/with-stack.sh .stack/test -- \
	  $(CONFORM) run Scenarios --env-file .stack/test/stack.env --junit .stack/test/junit.xml --report-dir .stack/test/reports --overwrite

# Release-mode benchmarks against curl on a fresh stack; takes a few minutes. See docs/benchmarks.md.
bench:
	@scripts/benchmark.sh

clean:
	rm -rf .build .stack
