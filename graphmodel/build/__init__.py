"""Graph building: records into a graph, names and look-alikes, reconciling printed totals."""
