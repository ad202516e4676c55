using Microsoft.AspNetCore.DataProtection;

namespace VersatileHub.Agent.Profiles;

/// <summary>Encrypts model API keys at rest with the suite's Data Protection key ring; the plain key lives only in memory.</summary>
public sealed class ApiKeyProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("VersatileHub.Agent.ModelApiKeys");

    public string? Protect(string? apiKey) => string.IsNullOrEmpty(apiKey) ? null : _protector.Protect(apiKey);

    public string? Unprotect(AgentProfile profile) =>
        profile.ProtectedApiKey is { } protectedKey ? _protector.Unprotect(protectedKey) : null;
}
