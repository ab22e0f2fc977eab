using Domains.Cli.Commands;

namespace Domains.Cli;

/// <summary>Dispatches a command line; an expected failure is one line on standard error and its exit code.</summary>
public static class Cli
{
    public const string Usage = """
        usage: domainsctl COMMAND [options]   (--url U --token T, or DOMAINS_URL / DOMAINS_TOKEN, or domainsctl login)
          login --url U --token T                 check and save the API address and token
          get KIND [--state S] [--unit-id U] [--domain-id D] [--notice-id N] [--authorization-id A]
                   [--enforcement E] [--qualified true|false] [--limit N] [--cursor C] [-o table|json]
          describe KIND ID [-o table|json]        the resource, its deadlines and its last audit events
          VERB KIND ID [--reason R] [--note N] [--correction-due P30D] [--inspection-ref X] [--filing-ref F]
                   [--outcome pass|fail] [--term-start T] [--term-end T] [--if-match E] [--idempotency-key K]
                   VERB: suspend reinstate revoke approve reject verify announce file activate terminate withdraw
                         publish built accept resume retire disable enable request-changes list delist retry-provisioning
          apply -f FILE [--dry-run] [--confirm] [--force-secrets] [--prune KIND[,KIND]] [--prune-prefix P]
                   kinds: Domain Unit Dataset Notice Webhook Channel, written in that order; each update
                   with If-Match of the version read (changed since: 412 version-mismatch, nothing overwritten);
                   --confirm asks 'yes' on standard input after the plan; --force-secrets rewrites secrets,
                   which are never compared; progress on standard error (a bar on a terminal)
          audit export [--from T] [--to T] [--entity-type T] [--format ndjson|csv] > FILE
          audit verify [--entity TYPE/ID]
          schema                                  the JSON Schema of apply documents
        KIND: authorizations units domains workspaces notices products webhooks exports
        exit codes: 0 done, 1 refused by the API (its code and detail printed) or unreachable, 2 usage error
        """;

    public static async Task<int> RunAsync(string[] argv)
    {
        try
        {
            var args = new Arguments(argv);
            if (args.Words.Count == 0 || args.Flag("--help") || args.Flag("-h"))
            {
                Console.Out.WriteLine(Usage);
                return args.Words.Count == 0 && !args.Flag("--help") && !args.Flag("-h") ? ExitCodes.Usage : ExitCodes.Done;
            }
            var command = args.Words[0];
            return command switch
            {
                "login" => await LoginCommand.RunAsync(args),
                "get" => await GetCommand.RunAsync(args),
                "describe" => await DescribeCommand.RunAsync(args),
                "apply" => await ApplyCommand.RunAsync(args),
                "audit" => await AuditCommand.RunAsync(args),
                "schema" => SchemaCommand.Run(args),
                _ when LifecycleCommand.Verbs.Contains(command) => await LifecycleCommand.RunAsync(args),
                _ => throw CliException.Usage($"unknown command '{command}' (domainsctl --help lists them)"),
            };
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"domainsctl: {e.Message}");
            return e.ExitCode;
        }
        catch (IOException e) when (e.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase))
        {
            return ExitCodes.Done;
        }
        catch (Exception e)
        {
            // A bug, not an expected outcome: still one line, never a stack trace.
            Console.Error.WriteLine($"domainsctl: unexpected error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Refused;
        }
    }
}
