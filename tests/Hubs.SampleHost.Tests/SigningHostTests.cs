using System.Security.Cryptography;

namespace Hubs.SampleHost.Tests;

/// <summary>Signed chain heads from the command line: --signing-key for writes, --public-key for verify.</summary>
public sealed class SigningHostTests
{
    [Fact]
    public async Task heads_signed_with_the_private_key_verify_with_the_public_key_and_an_unsigned_write_is_reported()
    {
        var db = await TestDatabase.CreateAsync(nameof(heads_signed_with_the_private_key_verify_with_the_public_key_and_an_unsigned_write_is_reported));
        var dir = Directory.CreateTempSubdirectory("hubs-keys-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (privatePem, publicPem) = (Path.Combine(dir, "key.pem"), Path.Combine(dir, "public.pem"));
        await File.WriteAllTextAsync(privatePem, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(publicPem, key.ExportSubjectPublicKeyInfoPem());

        var signed = await HostProcess.RunAsync(db.Args("region", "register", "sichuan", "--signing-key", privatePem));
        signed.Code.ShouldBe(0, signed.Err);
        var intact = await HostProcess.RunAsync(db.Args("verify", "--public-key", publicPem));
        intact.Code.ShouldBe(0, intact.Out + intact.Err);
        intact.Out.ShouldContain("Every stream's head is signed by the public key");

        var unsigned = await HostProcess.RunAsync(db.Args("region", "register", "chongqing"));
        unsigned.Code.ShouldBe(0, unsigned.Err);
        var broken = await HostProcess.RunAsync(db.Args("verify", "--public-key", publicPem));
        var plain = await HostProcess.RunAsync(db.Args("verify"));

        broken.Code.ShouldBe(3, broken.Out + broken.Err);
        broken.Out.ShouldContain("BREAK region:chongqing v1 signature-mismatch");
        broken.Out.ShouldNotContain("region:sichuan");
        plain.Code.ShouldBe(0, "without a key, verify checks the chains only");
        var notAKey = await HostProcess.RunAsync(db.Args("verify", "--public-key", Path.Combine(dir, "missing.pem")));
        (notAKey.Code, notAKey.Err.Contains("does not exist")).ShouldBe((2, true), notAKey.Err);
    }
}
