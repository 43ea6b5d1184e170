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
        intact.Out.ShouldContain("Every version of every stream is signed by the public key");

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

    [Fact]
    public async Task a_signed_write_on_top_of_a_version_written_without_the_key_is_refused_and_writes_nothing()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_signed_write_on_top_of_a_version_written_without_the_key_is_refused_and_writes_nothing));
        var dir = Directory.CreateTempSubdirectory("hubs-keys-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (privatePem, publicPem) = (Path.Combine(dir, "key.pem"), Path.Combine(dir, "public.pem"));
        await File.WriteAllTextAsync(privatePem, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(publicPem, key.ExportSubjectPublicKeyInfoPem());
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing"))).Code.ShouldBe(0, "written before signing was turned on");

        var refused = await HostProcess.RunAsync(db.Args("target", "set", "--region", "beijing", "--value", "7.5", "--deadline", "2035", "--signing-key", privatePem));
        var verify = await HostProcess.RunAsync(db.Args("verify", "--public-key", publicPem));

        refused.Code.ShouldBe(1, refused.Out + refused.Err);
        refused.Err.ShouldContain("Stream 'region:beijing' is at version 1, which no signature of this writer's key");
        refused.Err.ShouldContain("unsigned-head");
        verify.Code.ShouldBe(3, verify.Out + verify.Err);
        verify.Out.ShouldContain("BREAK region:beijing v1 signature-mismatch");
        verify.Out.ShouldNotContain("v2", Case.Sensitive, "nothing was appended on top of the unsigned version");
    }
}
