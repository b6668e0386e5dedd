// Placeholder until the benchmark issue lands.
console.log('tracker bench: not built yet.');
