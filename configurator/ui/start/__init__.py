"""Where a new build begins: the start page and the workload-driven search."""
