// Placeholder until the sync engine and CLI land (issue: sync + CLI).
console.log('tracker demo: not built yet. It will sync examples/allocations.json into a local Clockify emulator.');
