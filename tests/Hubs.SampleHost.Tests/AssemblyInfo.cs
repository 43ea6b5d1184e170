// Each test starts host processes (and some start servers): on two cores, one at a time is faster and keeps the
// process-table checks of the server tests free of other tests' servers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
