using Domains.AuditVerify;

var connectionString = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("ConnectionStrings__Domains");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("usage: Domains.AuditVerify <connection string>  (or set ConnectionStrings__Domains)");
    return 2;
}
return await AuditVerifyCommand.RunAsync(connectionString, Console.Out);
