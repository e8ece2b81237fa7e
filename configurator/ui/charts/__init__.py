"""Live charts: each widget owns one PlotItem, builds its items once and updates them in place."""
