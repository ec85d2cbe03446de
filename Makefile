# Build, test and serve the knowledge base. `make html` creates .venv on first use.
PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SPHINX  := $(BIN)/sphinx-build
SRC     := docs
OUT     := _build
JOBS    ?= auto
DRAFTS  ?=
SPHINXOPTS ?=
DRAFTOPT := $(if $(filter-out 0,$(DRAFTS)),-D kb_drafts=1,)
# A drafts build never writes into a folder that gets published.
HTMLDIR  := $(OUT)/$(if $(DRAFTOPT),drafts,html)
CHECKDIR := $(OUT)/$(if $(DRAFTOPT),drafts-check,check)
STAMP   := $(VENV)/.installed-site
TESTSTAMP := $(VENV)/.installed-test

.PHONY: html check serve clean test lint bench search-eval venv latexpdf epub

venv: $(STAMP)

# The site's own dependencies (and sphinx-autobuild for `make serve`).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[serve]'
	touch $(STAMP)

# Test and lint tools on top.
$(TESTSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[serve,test,dev]'
	touch $(TESTSTAMP)

# `make html`, `make html DRAFTS=1` and `make check` may run at once: each has its own
# folder, and a second build into the same folder waits for the first.
html: $(STAMP)
	$(SPHINX) -b html -c . -j $(JOBS) $(DRAFTOPT) $(SPHINXOPTS) $(SRC) $(HTMLDIR)

# A strict full build in its own folder: warnings of unchanged articles are never hidden.
check: $(STAMP)
	$(SPHINX) -b html -c . -E -W --keep-going -j $(JOBS) $(DRAFTOPT) $(SPHINXOPTS) $(SRC) $(CHECKDIR)

# The one-file editions: every published article, newest first, then the tag index.
latexpdf: $(STAMP)
	$(SPHINX) -M latexpdf $(SRC) $(OUT) -c . $(DRAFTOPT) $(SPHINXOPTS)

epub: $(STAMP)
	$(SPHINX) -b epub -c . $(DRAFTOPT) $(SPHINXOPTS) $(SRC) $(OUT)/epub

# Live reload. The tag pages (docs/tags/) and year pages (docs/archive/) are written by the build: ignore them.
serve: $(STAMP)
	$(BIN)/sphinx-autobuild -b html -c . $(DRAFTOPT) $(SPHINXOPTS) \
		--ignore '*/docs/tags/*' --ignore '*/docs/archive/*' --ignore '*/$(OUT)/*' --watch _ext \
		$(SRC) $(HTMLDIR)

clean:
	rm -rf $(OUT) $(SRC)/tags $(SRC)/archive

test: $(TESTSTAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TESTSTAMP)
	$(BIN)/ruff check _ext tests bench conf.py
	$(BIN)/mypy

bench: $(TESTSTAMP)
	$(BIN)/python bench/bench.py $(BENCH_ARGS)
	$(BIN)/python bench/check_speed.py
	$(BIN)/python bench/page_weight.py $(WEIGHT_ARGS)

search-eval: $(TESTSTAMP)
	$(BIN)/python bench/search_eval.py $(SEARCH_EVAL_ARGS)
