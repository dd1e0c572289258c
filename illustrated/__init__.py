"""The code behind Hyper-V Architecture, Illustrated (the figure scripts live in diagrams/)."""
