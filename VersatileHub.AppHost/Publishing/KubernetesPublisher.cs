using System.Globalization;
using System.Text.Json.Nodes;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// A kustomization per client: its namespace; a Deployment and Service per project (readiness <c>/health</c>, liveness
/// <c>/alive</c>, requests and limits, non-root); StatefulSets with volume claims for databases; a Job for one-shot
/// containers; one Secret generated from <c>secrets.env</c>; an Ingress per public host with TLS from cert-manager;
/// NetworkPolicies that mirror the networks; PodDisruptionBudgets where replicas &gt; 1.
/// </summary>
internal static class KubernetesPublisher
{
    public const string SecretsFile = "secrets.env";
    private const string NetworkLabelPrefix = "network.versatilehub.io/";
    // The .NET images' non-root user (APP_UID).
    private const int AppUserId = 1654;

    public static async Task PublishAsync(PublishContext publish, string output, TextWriter progress, CancellationToken cancellationToken)
    {
        var client = publish.Profile.Client;
        var secretName = $"{client}-parameters";
        var context = publish.ServiceNameContext();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["namespace.yaml"] = YamlWriter.Write(Document("v1", "Namespace", client, null)),
            ["network-policies.yaml"] = YamlWriter.WriteAll(NetworkPolicies(publish)),
        };

        foreach (var resource in publish.Workloads)
        {
            var documents = new List<JsonNode> { Workload(publish, context, resource, secretName) };
            if (resource.GetEndpoints().Any() && !resource.RunsOnce())
            {
                documents.Add(Service(publish, resource));
            }

            if (resource.GetReplicas() > 1)
            {
                documents.Add(Document("policy/v1", "PodDisruptionBudget", resource.Name, client, new JsonObject
                {
                    ["minAvailable"] = 1,
                    ["selector"] = new JsonObject { ["matchLabels"] = Selector(resource) },
                }));
            }

            files[$"{resource.Name}.yaml"] = YamlWriter.WriteAll(documents);
        }

        foreach (var volume in SharedVolumes(publish))
        {
            files[$"{volume}-pvc.yaml"] = YamlWriter.Write(Document("v1", "PersistentVolumeClaim", volume, client, new JsonObject
            {
                // Several pods mount it at once (Frappe's sites folder, Chat's replicas' attachments).
                ["accessModes"] = new JsonArray("ReadWriteMany"),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = publish.Profile.SizeOf(volume, "5Gi") } },
            }));
        }

        var ingresses = Ingresses(publish).ToList();
        if (ingresses.Count > 0)
        {
            files["ingress.yaml"] = YamlWriter.WriteAll(ingresses);
        }

        var kustomization = new JsonObject
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["namespace"] = client,
            ["resources"] = new JsonArray([.. files.Keys.Select(f => (JsonNode)f)]),
            ["secretGenerator"] = new JsonArray(new JsonObject
            {
                ["name"] = secretName,
                ["envs"] = new JsonArray(SecretsFile),
            }),
            ["generatorOptions"] = new JsonObject { ["disableNameSuffixHash"] = true },
        };
        files["kustomization.yaml"] = YamlWriter.Write(kustomization);

        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(output, name), text, cancellationToken);
        }

        progress.WriteLine($"  wrote {files.Count} manifests and kustomization.yaml");
        await EnvironmentFile.WriteAsync(Path.Combine(output, SecretsFile), publish, progress, cancellationToken);
    }

    private static JsonObject Document(string apiVersion, string kind, string name, string? @namespace, JsonObject? spec = null, JsonObject? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        var document = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
        if (spec is not null)
        {
            document["spec"] = spec;
        }

        return document;
    }

    private static JsonObject Selector(IResource resource) => new() { ["app.kubernetes.io/name"] = resource.Name };

    private static JsonObject PodLabels(PublishContext publish, IResource resource)
    {
        var labels = new JsonObject
        {
            ["app.kubernetes.io/name"] = resource.Name,
            ["app.kubernetes.io/part-of"] = publish.Profile.Client,
        };
        foreach (var network in resource.GetNetworks())
        {
            labels[$"{NetworkLabelPrefix}{network.Name}"] = "true";
        }

        return labels;
    }

    private static IEnumerable<string> SharedVolumes(PublishContext publish) =>
        publish.Workloads.Where(r => !PublishContext.IsDatabase(r)).SelectMany(r => r.GetVolumes()).Select(v => v.Name).Distinct().Order(StringComparer.Ordinal);

    private static JsonObject Workload(PublishContext publish, EnvironmentContext context, IResource resource, string secretName)
    {
        var client = publish.Profile.Client;
        var (env, helpers) = Environment(publish, context, resource, secretName);
        var container = new JsonObject
        {
            ["name"] = resource.Name,
            ["image"] = PublishContext.ImageOf(resource),
        };
        if (resource.GetEntrypoint() is { } entrypoint)
        {
            container["command"] = new JsonArray(entrypoint);
        }

        var args = resource.GetArgs(context);
        if (args.Count > 0)
        {
            container["args"] = new JsonArray([.. args.Select(a => (JsonNode)Text(publish, a))]);
        }

        var environment = new JsonArray([.. helpers, .. env]);
        if (environment.Count > 0)
        {
            container["env"] = environment;
        }

        if (resource.GetEndpoints().Any())
        {
            container["ports"] = new JsonArray([.. resource.GetEndpoints().Select(e => (JsonNode)new JsonObject
            {
                ["name"] = e.Name,
                ["containerPort"] = e.TargetPort,
                ["protocol"] = "TCP",
            })]);
        }

        if (resource.GetLimits() is { } limits)
        {
            container["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = Cpu(limits.Cpus / 2), ["memory"] = $"{limits.MemoryMiB / 2}Mi" },
                ["limits"] = new JsonObject { ["cpu"] = Cpu(limits.Cpus), ["memory"] = $"{limits.MemoryMiB}Mi" },
            };
        }

        if (resource is ProjectResource)
        {
            container["readinessProbe"] = HttpProbe("/health", ProjectBuilderExtensions.ContainerHttpPort);
            container["livenessProbe"] = HttpProbe("/alive", ProjectBuilderExtensions.ContainerHttpPort);
            container["securityContext"] = new JsonObject
            {
                ["runAsNonRoot"] = true,
                ["runAsUser"] = AppUserId,
                ["allowPrivilegeEscalation"] = false,
                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
            };
        }
        else if (resource.GetHealthCheck() is { } health)
        {
            container["readinessProbe"] = health.Path is { } path
                ? HttpProbe(path, resource.GetEndpoints().First(e => e.Scheme == "http").TargetPort)
                : new JsonObject
                {
                    ["exec"] = new JsonObject { ["command"] = new JsonArray([.. health.Command!.Select(c => (JsonNode)c)]) },
                    ["periodSeconds"] = 10,
                };
        }

        var isDatabase = PublishContext.IsDatabase(resource);
        var volumes = resource.GetVolumes().ToList();
        if (volumes.Count > 0)
        {
            container["volumeMounts"] = new JsonArray([.. volumes.Select(v => (JsonNode)new JsonObject
            {
                ["name"] = v.Name,
                ["mountPath"] = v.Target,
                ["readOnly"] = v.ReadOnly,
            })]);
        }

        var pod = new JsonObject();
        if (resource is ProjectResource)
        {
            pod["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["fsGroup"] = AppUserId };
        }

        pod["containers"] = new JsonArray(container);
        if (resource.RunsOnce())
        {
            pod["restartPolicy"] = "OnFailure";
        }

        if (!isDatabase && volumes.Count > 0)
        {
            pod["volumes"] = new JsonArray([.. volumes.Select(v => (JsonNode)new JsonObject
            {
                ["name"] = v.Name,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = v.Name },
            })]);
        }

        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = PodLabels(publish, resource) },
            ["spec"] = pod,
        };

        if (resource.RunsOnce())
        {
            return Document("batch/v1", "Job", resource.Name, client, new JsonObject
            {
                ["backoffLimit"] = 6,
                ["template"] = template,
            }, Selector(resource));
        }

        if (isDatabase)
        {
            return Document("apps/v1", "StatefulSet", resource.Name, client, new JsonObject
            {
                ["serviceName"] = resource.Name,
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = Selector(resource) },
                ["template"] = template,
                ["volumeClaimTemplates"] = new JsonArray([.. volumes.Select(v => (JsonNode)new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = v.Name },
                    ["spec"] = new JsonObject
                    {
                        ["accessModes"] = new JsonArray("ReadWriteOnce"),
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = PublishContext.StorageSizeOf(resource) ?? "1Gi" } },
                    },
                })]),
            }, Selector(resource));
        }

        return Document("apps/v1", "Deployment", resource.Name, client, new JsonObject
        {
            ["replicas"] = resource.GetReplicas(),
            ["selector"] = new JsonObject { ["matchLabels"] = Selector(resource) },
            ["template"] = template,
        }, Selector(resource));
    }

    /// <summary>
    /// Parameters come from the Secret; a value that only contains parameters (a connection string) refers to them with
    /// Kubernetes' <c>$(NAME)</c> expansion of variables defined before it, so no secret is ever written in a manifest.
    /// </summary>
    private static (List<JsonNode> Env, List<JsonNode> Helpers) Environment(PublishContext publish, EnvironmentContext context, IResource resource, string secretName)
    {
        var environment = resource.GetEnvironment(context);
        var used = environment.Values.Concat(resource.GetArgs(context)).SelectMany(publish.ParametersIn).Distinct().OrderBy(p => p.Name, StringComparer.Ordinal);
        var helpers = used.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = SecretVariable(p),
            ["valueFrom"] = new JsonObject
            {
                ["secretKeyRef"] = new JsonObject { ["name"] = secretName, ["key"] = PublishContext.EnvironmentName(p) },
            },
        }).ToList();
        var env = environment.Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = Text(publish, e.Value) }).ToList();
        return (env, helpers);
    }

    private static string SecretVariable(ParameterResource parameter) => $"VH_PARAMETER_{PublishContext.EnvironmentName(parameter)}";

    private static string Text(PublishContext publish, string value) =>
        publish.Render(value, literal => literal.Replace("$(", "$$(", StringComparison.Ordinal), p => $"$({SecretVariable(p)})");

    private static JsonObject HttpProbe(string path, int port) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = port },
        ["periodSeconds"] = 10,
        ["failureThreshold"] = 6,
    };

    private static string Cpu(double cores) => $"{(int)Math.Round(cores * 1000)}m".ToString(CultureInfo.InvariantCulture);

    private static JsonObject Service(PublishContext publish, IResource resource) =>
        Document("v1", "Service", resource.Name, publish.Profile.Client, new JsonObject
        {
            ["selector"] = Selector(resource),
            ["ports"] = new JsonArray([.. resource.GetEndpoints().Select(e => (JsonNode)new JsonObject
            {
                ["name"] = e.Name,
                ["port"] = e.TargetPort,
                ["targetPort"] = e.TargetPort,
                ["protocol"] = "TCP",
            })]),
        }, Selector(resource));

    /// <summary>One Ingress per public host, its paths to the services routed there (WhatsApp's webhooks share Chat's host).</summary>
    private static IEnumerable<JsonNode> Ingresses(PublishContext publish)
    {
        var routes = publish.Workloads
            .SelectMany(r => r.GetPublicRoutes().Select(route => (Resource: r, Route: route)))
            .GroupBy(x => x.Route.Subdomain)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var host in routes)
        {
            var hostName = $"{host.Key}.{publish.Profile.Domain}";
            var paths = host.OrderByDescending(x => x.Route.PathPrefix?.Length ?? 0).Select(x => (JsonNode)new JsonObject
            {
                ["path"] = x.Route.PathPrefix ?? "/",
                ["pathType"] = "Prefix",
                ["backend"] = new JsonObject
                {
                    ["service"] = new JsonObject
                    {
                        ["name"] = x.Resource.Name,
                        ["port"] = new JsonObject { ["number"] = x.Resource.GetEndpoints().First(e => e.Scheme == "http").TargetPort },
                    },
                },
            });
            var ingress = Document("networking.k8s.io/v1", "Ingress", host.Key, publish.Profile.Client, new JsonObject
            {
                ["ingressClassName"] = "nginx",
                ["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray(hostName), ["secretName"] = $"{host.Key}-tls" }),
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["host"] = hostName,
                    ["http"] = new JsonObject { ["paths"] = new JsonArray([.. paths]) },
                }),
            });
            ingress["metadata"]!["annotations"] = new JsonObject
            {
                ["cert-manager.io/cluster-issuer"] = "letsencrypt",
                ["nginx.ingress.kubernetes.io/ssl-redirect"] = "true",
            };
            yield return ingress;
        }
    }

    /// <summary>Nothing reaches a pod unless it shares a network with it; <c>web</c> pods are also reached by the ingress controller.</summary>
    private static IEnumerable<JsonNode> NetworkPolicies(PublishContext publish)
    {
        var client = publish.Profile.Client;
        yield return Document("networking.k8s.io/v1", "NetworkPolicy", "default-deny-ingress", client, new JsonObject
        {
            ["podSelector"] = new JsonObject(),
            ["policyTypes"] = new JsonArray("Ingress"),
        });
        foreach (var network in publish.Networks)
        {
            var label = new JsonObject { [$"{NetworkLabelPrefix}{network.Name}"] = "true" };
            var from = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject { ["matchLabels"] = label.DeepClone() } });
            if (!network.IsInternal && network.Name == "web")
            {
                from.Add(new JsonObject
                {
                    ["namespaceSelector"] = new JsonObject
                    {
                        ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = "ingress-nginx" },
                    },
                });
            }

            yield return Document("networking.k8s.io/v1", "NetworkPolicy", $"network-{network.Name}", client, new JsonObject
            {
                ["podSelector"] = new JsonObject { ["matchLabels"] = label },
                ["policyTypes"] = new JsonArray("Ingress"),
                ["ingress"] = new JsonArray(new JsonObject { ["from"] = from }),
            });
        }
    }
}
