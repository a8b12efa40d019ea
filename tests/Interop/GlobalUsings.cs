// The namespaces the QEMU oracle files (QemuOracleTests, Oracle*.cs) share, once.
global using System.Collections.Concurrent;
global using System.Diagnostics;
global using System.Globalization;
global using System.Security.Cryptography;
global using System.Text;
global using Qcrypto.Composition;
global using Qcrypto.Errors;
global using Qcrypto.Objects;
global using Qcrypto.Objects.Schema;
global using Qcrypto.Interop.Tests.Tools;
