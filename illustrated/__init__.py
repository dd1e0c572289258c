"""The code behind Hyper-V Architecture, Illustrated: the figure pipeline, the Markdown extensions
both engines run, the cited sources and the glossary (the figure scripts live in diagrams/)."""
