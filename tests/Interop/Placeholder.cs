namespace Placeholder; public class PlaceholderTests { [Fact] public void Builds() => Assert.True(typeof(Qcrypto.Objects.ObjectLine) is not null); }
