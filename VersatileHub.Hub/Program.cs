var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();
builder.AddHubIdentity();

var app = builder.Build();

app.MapIdentityApi();
app.MapTenantsApi();
app.MapMembersApi();
app.MapTokensApi();
app.MapAccountPages();

app.MapDefaultEndpoints();

app.Run();
