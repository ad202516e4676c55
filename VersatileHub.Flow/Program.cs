var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFlow();

var app = builder.Build();

app.MapFlowEngine();
app.MapDefaultEndpoints();

app.Run();
