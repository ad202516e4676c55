using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;

namespace Microsoft.Extensions.Hosting;

internal static class ChatExtensions
{
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CurrentAccount>();
        builder.Services.AddScoped<IClaimsTransformation, AccountFromPrincipal>();
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        builder.Services.AddMigration<ChatDbContext>();
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ChatPolicies.Read, ForRoles(ChatRoles.Owner, ChatRoles.Admin, ChatRoles.Agent, ChatRoles.Viewer, ChatRoles.Service))
            .AddPolicy(ChatPolicies.Operate, ForRoles(ChatRoles.Owner, ChatRoles.Admin, ChatRoles.Agent, ChatRoles.Service))
            .AddPolicy(ChatPolicies.Administer, ForRoles(ChatRoles.Owner, ChatRoles.Admin))
            .AddPolicy(ChatPolicies.Channel, ForRoles(ChatRoles.Service));
        builder.AddEventBus("chat")
            .AddOutbox<ChatDbContext>()
            .UseInbox<ChatDbContext>();
        return builder;
    }

    private static AuthorizationPolicy ForRoles(params string[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireClaim(VersatileHub.ServiceDefaults.Authentication.HubClaimTypes.Tenant)
        .RequireRole(roles)
        .Build();
}
