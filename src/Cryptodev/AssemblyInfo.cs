// Stack buffers on the request path are always written before they are read (each use says so or
// clears explicitly); skipping the zeroing saves a memset per request.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
