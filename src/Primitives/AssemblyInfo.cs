// Stack buffers in the primitives are always written before they are read (each use writes or
// clears them first); skipping the zeroing saves a memset per call on the request path.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
