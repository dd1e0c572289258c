"""Python-Markdown extensions: what every page needs, in any engine that runs Python-Markdown."""
