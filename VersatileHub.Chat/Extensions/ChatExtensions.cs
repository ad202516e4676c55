using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Assignment;
using VersatileHub.Chat.Attachments;
using VersatileHub.Chat.CannedResponses;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Desk;
using VersatileHub.Chat.Events;
using VersatileHub.Chat.Ingest;
using VersatileHub.Chat.Notifications;
using VersatileHub.Chat.Realtime;
using VersatileHub.Chat.Webhooks;
using VersatileHub.ServiceDefaults.Authentication;

namespace Microsoft.Extensions.Hosting;

internal static class ChatExtensions
{
    /// <summary>The suite's one key ring (the Hub's too), kept in Redis; Chat's secrets use a purpose of their own.</summary>
    private const string DataProtectionApplicationName = "VersatileHub";
    private const string DataProtectionKeysKey = "vh:data-protection-keys";

    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CurrentAccount>();
        services.AddScoped<IClaimsTransformation, AccountFromPrincipal>();
        PrepareStatements(builder.Configuration, "chatdb");
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        services.AddMigration<ChatDbContext>();
        services.AddExceptionHandler<DatabaseBusyHandler>();
        builder.AddRedisClient("redis");

        builder.AddHubAuthentication(options => options.TenantFromRequest = request => AccountsApi.AccountOf(request) ?? ChatHub.AccountOf(request));
        services.AddAuthorizationBuilder()
            .AddPolicy(ChatPolicies.Read, ForRoles(ChatRoles.Owner, ChatRoles.Admin, ChatRoles.Agent, ChatRoles.Viewer, ChatRoles.Service))
            .AddPolicy(ChatPolicies.Operate, ForRoles(ChatRoles.Owner, ChatRoles.Admin, ChatRoles.Agent, ChatRoles.Service))
            .AddPolicy(ChatPolicies.Administer, ForRoles(ChatRoles.Owner, ChatRoles.Admin))
            .AddPolicy(ChatPolicies.Channel, ForRoles(ChatRoles.Service));

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysKey));

        // Chatwoot's API speaks snake_case.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAttachmentStore, LocalDiskAttachmentStore>();
        services.AddScoped<AttachmentIntake>();
        services.AddScoped<AccountPreferences>();
        services.AddSingleton<DisplayIds>();
        services.AddScoped<ConversationDesk>();
        services.AddScoped<ContactBook>();
        services.AddScoped<InboxSetup>();
        services.AddScoped<CannedResponseBook>();
        services.AddScoped<MessageSearch>();
        services.AddScoped<ChannelIngest>();
        builder.AddLiveInbox();
        services.AddScoped<InboxMembers>().AddSingleton<RoundRobin>();

        services.AddHttpClient(CustomerLink.HttpClientName, http => http.BaseAddress = new Uri("http://hub")).AddServiceToken();
        builder.AddEventBus("chat")
            .AddOutbox<ChatDbContext>()
            .UseInbox<ChatDbContext>()
            .Subscribe("chat")
            .AddHandler<CustomerLink>(ChatEventTypes.ContactCreated)
            .AddHandler<LivePush>(LivePush.EventTypes)
            .AddHandler<AutoAssignment>(ChatEventTypes.ConversationCreated)
            .AddWebhooks()
            .AddHandoffEmails();
        builder.AddChatWeb();
        return builder;
    }

    /// <summary>Chat's APIs (Chatwoot's under one account group, the gateways' channel API), its live hub and its web app.</summary>
    public static WebApplication MapChat(this WebApplication app)
    {
        app.MapAccountApi()
            .MapConversationsApi()
            .MapMessagesApi()
            .MapContactsApi()
            .MapInboxesApi()
            .MapSearchApi()
            .MapInboxMembersApi()
            .MapWebhooksApi()
            .MapNotificationsApi()
            .MapCannedResponsesApi();
        app.MapChannelApi();
        app.MapLiveInbox();
        app.MapChatWeb();
        return app;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs again and again (every message's lookups and inserts), so that
    /// PostgreSQL parses and plans them once per connection instead of once per message; a connection string that sets
    /// its own limit keeps it.
    /// </summary>
    private static void PrepareStatements(IConfiguration configuration, string connectionName)
    {
        if (configuration.GetConnectionString(connectionName) is not { Length: > 0 } connectionString)
        {
            return;
        }
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            configuration[$"ConnectionStrings:{connectionName}"] = settings.ConnectionString;
        }
    }

    private static AuthorizationPolicy ForRoles(params string[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireClaim(HubClaimTypes.Tenant)
        .RequireRole(roles)
        .Build();
}
