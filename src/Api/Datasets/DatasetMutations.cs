using DqPlatform.Api.GraphQL;
using DqPlatform.Infrastructure.Datasets;
using DqPlatform.Api.Schema;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Datasets;

public static class DatasetMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DatasetGraphType>>("registerDataset")
            .Description("Registers a table of a connection as a dataset. The table must be in the connection's last schema read, when there is one.")
            .Argument<NonNullGraphType<RegisterDatasetInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var connection = input.Value<string>("connectionId")!;
                return await c.Service<DatasetCommands>().RegisterAsync(new DatasetStore.Registration(
                    MutationSupport.IdOf(connection, "Connection", "connectionId"), connection, input.Value<string>("schema") ?? "",
                    input.Value<string>("table") ?? "", input.Value<string>("name") ?? "", input.Strings("readRoles")), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<DatasetGraphType>>("updateDataset")
            .Description("Renames a dataset or replaces its read roles; only a caller who may read it may change it.")
            .Argument<NonNullGraphType<UpdateDatasetInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<DatasetCommands>().UpdateAsync(MutationSupport.IdOf(id, "Dataset"), id,
                    input.Has("name") ? input.Value<string>("name") ?? "" : null, input.Has("readRoles") ? input.Strings("readRoles") : null, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<IdGraphType>>("deleteDataset")
            .Description("Unregisters a dataset (the table is untouched and becomes readable to every role that may run queries).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<DatasetCommands>().DeleteAsync(MutationSupport.IdOf(id, "Dataset"), id, c.CancellationToken);
            });
    }
}

public sealed class RegisterDatasetInputType : InputObjectGraphType
{
    public RegisterDatasetInputType()
    {
        Name = "RegisterDatasetInput";
        Field<NonNullGraphType<IdGraphType>>("connectionId");
        Field<NonNullGraphType<StringGraphType>>("schema").Description("The table's schema (MySQL/MariaDB: its database), as the source spells it.");
        Field<NonNullGraphType<StringGraphType>>("table");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("readRoles")
            .Description("Role slugs that may read it: built-in (viewer, operator, editor, admin, owner) or the organization's custom roles. Empty or absent: no restriction.");
    }
}

public sealed class UpdateDatasetInputType : InputObjectGraphType
{
    public UpdateDatasetInputType()
    {
        Name = "UpdateDatasetInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("readRoles");
    }
}
