using Engage.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<InvocationScopeMiddleware>();
builder.Services.AddEngageFunctions(builder.Configuration);
builder.Build().Run();
