module trackerbridge/benchmarks/baseline-go

go 1.19
