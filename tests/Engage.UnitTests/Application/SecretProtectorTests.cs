using System.Security.Cryptography;
using Engage.Application.Security;
using Microsoft.Extensions.Configuration;

namespace Engage.UnitTests.Application;

public class SecretProtectorTests
{
    private static SecretProtector With(string? key, string? environment = null) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [SecretProtector.KeySetting] = key, ["AZURE_FUNCTIONS_ENVIRONMENT"] = environment })
        .Build());

    [Fact]
    public void Protected_secrets_read_back_and_do_not_contain_the_secret()
    {
        var protector = With(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var stored = protector.Protect("s3cret-value");
        Assert.DoesNotContain("s3cret", stored);
        Assert.Equal("s3cret-value", protector.Unprotect(stored));
    }

    [Fact]
    public void Another_key_cannot_read_them()
    {
        var stored = With(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Protect("x");
        Assert.ThrowsAny<CryptographicException>(() => With(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Unprotect(stored));
    }

    [Fact]
    public void Without_a_key_outside_development_start_up_fails_clearly() =>
        Assert.Contains(SecretProtector.KeySetting, Assert.Throws<InvalidOperationException>(() => With(null, "Production")).Message);
}
