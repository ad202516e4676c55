using VersatileHub.Agent.Knowledge;
using VersatileHub.Agent.Memory;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAgent();

var app = builder.Build();

app.MapKnowledgeApi();
app.MapContactMemoryApi();

app.MapDefaultEndpoints();

app.Run();
