# Build, test and demo targets for terraform-provider-multicloud.
# `make help` lists them.

GO ?= go

# go install puts binaries into the first GOPATH entry, and install-tools.sh
# installs Terraform and gotestsum there.
GOPATH_BIN := $(shell $(GO) env GOPATH | cut -d: -f1)/bin
TERRAFORM := $(GOPATH_BIN)/terraform
GOTESTSUM := $(GOPATH_BIN)/gotestsum

BUILD_DIR := $(CURDIR)/build
PROVIDER_BIN := $(BUILD_DIR)/bin/terraform-provider-multicloud
TEST_DIR := $(BUILD_DIR)/test

# Extra flags for go test, for example GOTESTFLAGS=-count=1 to bypass the test cache.
GOTESTFLAGS ?=
# How long each fuzz target runs in `make test` and `make fuzz`.
FUZZTIME ?= 10s

.DEFAULT_GOAL := build
.PHONY: help tools build mirror test fuzz demo bench clean docs docs-check

help:
	@echo "make build   build the provider into build/bin"
	@echo "make mirror  build the provider into a filesystem mirror for terraform init (build/mirror)"
	@echo "make tools   install Terraform $(shell sed -n 's/^TERRAFORM_VERSION=//p' scripts/install-tools.sh), gotestsum and the Node.js checkers"
	@echo "make test    go vet, a check that docs/ is up to date, go test with acceptance tests, then a $(FUZZTIME) run of each fuzz target"
	@echo "make fuzz    only the fuzz runs (FUZZTIME=$(FUZZTIME) each)"
	@echo "make demo    apply examples/quickstart and write its definitions to build/demo, then deploy examples/deploy to local Step Functions, Cloud Workflows and Logic Apps servers"
	@echo "make bench   run the benchmarks under internal/"
	@echo "make docs    regenerate docs/ with tfplugindocs and internal/tools/docgen, offline"
	@echo "make clean   remove build/"

tools:
	scripts/install-tools.sh

build:
	$(GO) build -o $(PROVIDER_BIN) .

# A filesystem mirror in the layout `terraform init` reads, so that
# configurations that also use official providers can run init: the mirror
# supplies this provider and the registry the others. README.md shows the
# CLI configuration.
MIRROR_VERSION := 0.1.0
MIRROR_DIR := $(BUILD_DIR)/mirror
MIRROR_PLATFORM := $(shell $(GO) env GOOS)_$(shell $(GO) env GOARCH)

mirror:
	@mkdir -p $(MIRROR_DIR)/registry.terraform.io/multicloud-workflows/multicloud/$(MIRROR_VERSION)/$(MIRROR_PLATFORM)
	$(GO) build -o $(MIRROR_DIR)/registry.terraform.io/multicloud-workflows/multicloud/$(MIRROR_VERSION)/$(MIRROR_PLATFORM)/terraform-provider-multicloud_v$(MIRROR_VERSION) .

# The acceptance tests run the real Terraform binary against the provider
# in-process. TF_CLI_CONFIG_FILE points at an empty file so that a global
# setting naming a missing file, or a user's own CLI config, does not change
# what Terraform does. CHECKPOINT_DISABLE stops Terraform's version check.
test: tools
	$(GO) vet ./...
	scripts/docs.sh --check
	@mkdir -p $(TEST_DIR)
	@: > $(TEST_DIR)/terraformrc
	TF_ACC=1 \
	TF_ACC_TERRAFORM_PATH=$(TERRAFORM) \
	TF_CLI_CONFIG_FILE=$(TEST_DIR)/terraformrc \
	CHECKPOINT_DISABLE=1 \
	$(GOTESTSUM) --format pkgname --jsonfile $(TEST_DIR)/go-test.json -- $(GOTESTFLAGS) ./...
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

demo:
	scripts/demo.sh

# docs/ is generated from templates/, examples/, the provider's schema and
# the translators; `make test` fails when the committed pages differ.
docs: tools
	scripts/docs.sh

docs-check: tools
	scripts/docs.sh --check

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

clean:
	rm -rf $(BUILD_DIR)
