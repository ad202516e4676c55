using VersatileHub.Hub.Appointments.Apis;
using VersatileHub.Hub.Appointments.Realtime;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tickets;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();
builder.AddAgenda();

var app = builder.Build();

app.MapAgendaApi();
app.MapAppointmentsApi();
app.MapAgendaHub();
app.MapOrdersApi();
app.MapTicketsApi();

app.MapDefaultEndpoints();

app.Run();
