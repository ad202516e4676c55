using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace VersatileHub.Hub.Connectors;

/// <summary>Encrypts connector secrets at rest with the suite's Data Protection key ring, under a purpose of their own.</summary>
internal sealed class ConnectorSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("VersatileHub.Hub.Connectors.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The plain secret; an error a user can act on when the key ring no longer holds the key it was encrypted with.</summary>
    public string Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException exception)
        {
            throw new ConnectorFailure(
                "El secreto guardado no se puede descifrar; vuelva a ingresarlo. / The stored secret cannot be decrypted; enter it again.", exception);
        }
    }
}

/// <summary>A connector could not do its work (remote error, timeout, bad credentials): a message a user can act on.</summary>
internal sealed class ConnectorFailure(string message, Exception? inner = null) : Exception(message, inner);
