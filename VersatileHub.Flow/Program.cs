var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFlow();

var app = builder.Build();

app.MapWorkflows();
app.MapDefaultEndpoints();

app.Run();
