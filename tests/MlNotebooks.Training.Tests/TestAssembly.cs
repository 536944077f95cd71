// TorchSharp's random generator (weight init, dropout masks) and its thread settings are process-wide: two classes
// training at once draw from each other's sequence, and "a resumed run matches a straight run" stops holding. The
// trainer is deterministic one training per process (as `mlnb train` runs it); the tests run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
