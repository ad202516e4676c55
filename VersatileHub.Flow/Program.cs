using VersatileHub.Flow.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFlow();

var app = builder.Build();

app.MapFlowEngine();
app.MapWorkflows();
app.MapTemplatesApi();
app.MapFlowWeb();

app.MapDefaultEndpoints();

app.Run();
