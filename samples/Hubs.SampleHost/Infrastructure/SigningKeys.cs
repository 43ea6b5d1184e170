using System.Security.Cryptography;
using Hubs.EventSourcing;
using Hubs.SampleHost.Commands;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// The optional ECDSA P-256 keys of signed chain heads, from PEM files: <c>--signing-key</c> (or <c>$HUBS_SIGNING_KEY</c>)
/// for commands that write, <c>--public-key</c> (or <c>$HUBS_PUBLIC_KEY</c>) for verify. A bad file is a usage error.
/// </summary>
internal static class SigningKeys
{
    public const string SigningVariable = "HUBS_SIGNING_KEY", PublicVariable = "HUBS_PUBLIC_KEY";

    public static void Apply(HubsOptions options, StoreSettings settings)
    {
        var signing = (settings as WriteSettings)?.SigningKey ?? NonEmpty(Environment.GetEnvironmentVariable(SigningVariable));
        var verifying = (settings as VerifySettings)?.PublicKey ?? NonEmpty(Environment.GetEnvironmentVariable(PublicVariable));
        if (signing is not null)
        {
            var key = Load(signing, "signing key");
            try { key.ExportParameters(includePrivateParameters: true); }
            catch (CryptographicException) { throw new UsageException($"Signing key '{signing}' holds no private key (give the public key to verify --public-key)."); }
            Set(() => options.SigningKey = key, signing);
        }
        if (verifying is not null)
        {
            var key = Load(verifying, "public key");
            Set(() => options.VerificationKey = key, verifying);
        }
    }

    private static ECDsa Load(string path, string what)
    {
        if (!File.Exists(path)) throw new UsageException($"The {what} file '{path}' does not exist.");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new UsageException($"The {what} file '{path}' is not a PEM ECDSA key (openssl ecparam -name prime256v1 -genkey -noout -out key.pem).");
        }
    }

    private static void Set(Action set, string path)
    {
        try { set(); }
        catch (ArgumentException ex) { throw new UsageException($"'{path}': {ex.Message.Split(" (Parameter")[0]}"); }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
