// The runner shares the process-wide tracking session and current directory: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
