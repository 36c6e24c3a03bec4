"""The engine: matches analysers to items, processes items as independent tasks and feeds the case store."""
