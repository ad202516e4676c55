using VersatileHub.Hub.Appointments.Apis;
using VersatileHub.Hub.Appointments.Realtime;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tickets;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();
builder.AddHubIdentity();
builder.AddAgenda();

var app = builder.Build();

app.MapAccountPages();
app.MapIdentityApi();
app.MapTenantsApi();
app.MapMembersApi();
app.MapTokensApi();
app.MapAgendaApi();
app.MapAppointmentsApi();
app.MapAgendaHub();
app.MapOrdersApi();
app.MapTicketsApi();

app.MapDefaultEndpoints();

app.Run();
