using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.Hub.Tenancy;

namespace Microsoft.Extensions.Hosting;

internal static class IdentityExtensions
{
    /// <summary>Every service of the suite shares one key ring, so that the sign-in cookie is read alike everywhere.</summary>
    private const string DataProtectionApplicationName = "VersatileHub";
    private const string DataProtectionKeysKey = "vh:data-protection-keys";

    /// <summary>Users, tenants, memberships and tokens; cookie and token authentication; the Hub's policies. Call after AddHub.</summary>
    public static IHostApplicationBuilder AddHubIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HubIdentityOptions>()
            .Bind(builder.Configuration.GetSection(HubIdentityOptions.SectionName))
            .Configure(options => options.ReturnOrigins.AddRange(HubIdentityOptions.SuiteOrigins(builder.Configuration)))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddIdentityCore<HubUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddPasswordValidator<PasswordHasLetter>()
            .AddEntityFrameworkStores<HubDbContext>();

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysKey));

        services.AddScoped<HubPrincipals>();
        services.AddSingleton<ServiceTokens>();
        services.AddSingleton<SignInCookieEvents>();
        services.AddScoped<AccountSignIn>();
        services.AddScoped<TenantMembers>();
        services.AddScoped<TenantDirectory>();
        services.AddHostedService<OwnerBootstrap>();

        services.AddAuthentication(HubAuthentication.Scheme)
            .AddPolicyScheme(HubAuthentication.Scheme, "Sign-in cookie or access token", options =>
                options.ForwardDefaultSelector = context => HubAuthentication.ReadAccessToken(context.Request) is null
                    ? HubAuthentication.CookieScheme
                    : HubAuthentication.AccessTokenScheme)
            .AddCookie(HubAuthentication.CookieScheme, options =>
            {
                options.Cookie.Name = HubAuthentication.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                options.EventsType = typeof(SignInCookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(HubAuthentication.AccessTokenScheme, configureOptions: null);
        services.AddOptions<CookieAuthenticationOptions>(HubAuthentication.CookieScheme)
            .Configure<IOptions<HubIdentityOptions>>((cookie, identity) => cookie.Cookie.Domain = identity.Value.CookieDomain);

        services.AddAuthorizationBuilder()
            .RequireSignInByDefault()
            .AddPolicy(HubPolicies.Read, ForRoles(HubRoles.Owner, HubRoles.Admin, HubRoles.Agent, HubRoles.Viewer, HubRoles.Service))
            .AddPolicy(HubPolicies.Operate, ForRoles(HubRoles.Owner, HubRoles.Admin, HubRoles.Agent, HubRoles.Service))
            .AddPolicy(HubPolicies.Administer, ForRoles(HubRoles.Owner, HubRoles.Admin));

        services.AddAntiforgery();
        services.AddRazorComponents();
        return builder;
    }

    private static AuthorizationPolicy ForRoles(params string[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireClaim(HubClaims.Tenant)
        .RequireRole(roles)
        .Build();
}
