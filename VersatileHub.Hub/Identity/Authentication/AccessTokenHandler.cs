using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Domain;

namespace VersatileHub.Hub.Identity.Authentication;

/// <summary>Authenticates <c>api_access_token</c> and <c>Authorization: Bearer</c> requests: members' and bots' tokens, and services' tokens.</summary>
internal sealed class AccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HubDbContext db,
    ServiceTokens services,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>How stale <see cref="AccessToken.LastUsedAt"/> may get, so that busy tokens do not write on every request.</summary>
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (HubAuthentication.ReadAccessToken(Request) is not { Length: > 0 } secret)
        {
            return AuthenticateResult.NoResult();
        }
        var namesTenant = HubAuthentication.TryReadTenantHeader(Request, out var askedTenant);

        if (services.ServiceOf(secret) is { } service)
        {
            var principal = HubPrincipals.ForService(service, namesTenant && askedTenant > 0 ? askedTenant : null);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }

        var hash = AccessToken.Hash(secret);
        var token = await db.Set<AccessToken>()
            .IgnoreQueryFilters([HubDbContext.TenantFilter])
            .AsNoTracking()
            .SingleOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        if (token is null || token.IsRevoked)
        {
            return AuthenticateResult.Fail("The access token is unknown or revoked.");
        }

        string? email = null;
        var role = token.Role;
        if (token.UserId is { } userId)
        {
            // A user's token never grants more than the user's membership grants today.
            var membership = await db.Set<Membership>()
                .Where(m => m.UserId == userId && m.TenantId == token.TenantId)
                .Select(m => new { m.Role, m.User!.Email })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (membership is null)
            {
                return AuthenticateResult.Fail("The access token's user is no longer a member of its tenant.");
            }
            email = membership.Email;
            role = MemberRoles.Lesser(token.Role, membership.Role);
        }

        await MarkUsedAsync(token);
        var tenantMatches = !namesTenant || askedTenant == token.TenantId;
        return AuthenticateResult.Success(new AuthenticationTicket(HubPrincipals.ForToken(token, email, role, tenantMatches), Scheme.Name));
    }

    private async Task MarkUsedAsync(AccessToken token)
    {
        var now = time.GetUtcNow();
        if (token.LastUsedAt is { } lastUsed && now - lastUsed < LastUsedPrecision)
        {
            return;
        }
        await db.Set<AccessToken>()
            .IgnoreQueryFilters([HubDbContext.TenantFilter])
            .Where(t => t.Id == token.Id)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, now), Context.RequestAborted);
    }
}
