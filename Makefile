# Thin wrappers over the npm scripts (see package.json and the README).
.PHONY: install build serve test lint typecheck bench clean

install:
	npm ci --no-audit --no-fund

build:
	npm run build

serve:
	npm run serve

test:
	bash scripts/test-all.sh

lint:
	npm run lint

typecheck:
	npm run typecheck

bench:
	npm run bench

clean:
	rm -rf dist node_modules
