using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public static class CheckMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CheckDefinitionGraphType>>("createCheck")
            .Argument<NonNullGraphType<CreateCheckInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var connectionId = input.Value<string>("connectionId")!;
                return await c.Service<CheckCommands>().CreateAsync(MutationSupport.IdOf(connectionId, "Connection", "connectionId"), connectionId,
                    current => CheckInputs.ToSpec(input, current), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CheckDefinitionGraphType>>("updateCheck")
            .Argument<NonNullGraphType<UpdateCheckInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<CheckCommands>().UpdateAsync(MutationSupport.IdOf(id, "CheckDefinition"), id,
                    current => CheckInputs.ToSpec(input, current), c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteCheck", "CheckDefinition", d => d.Checks);
    }
}

public sealed class CreateCheckInputType : InputObjectGraphType
{
    public CreateCheckInputType()
    {
        Name = "CreateCheckInput";
        Field<NonNullGraphType<IdGraphType>>("connectionId");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("description");
        Field<NonNullGraphType<StringGraphType>>("checkType").Description("A type of the check catalog, e.g. row_count, null_percent.");
        Field<StringGraphType>("targetSchema");
        Field<NonNullGraphType<StringGraphType>>("targetTable");
        Field<StringGraphType>("targetColumn");
        Field<JsonScalar>("config");
        Field<EnumerationGraphType<CheckSeverity>>("severity");
        Field<BooleanGraphType>("enabled");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
        Field<StringGraphType>("dataProductId");
    }
}

public sealed class UpdateCheckInputType : InputObjectGraphType
{
    public UpdateCheckInputType()
    {
        Name = "UpdateCheckInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("description");
        Field<StringGraphType>("checkType");
        Field<StringGraphType>("targetSchema");
        Field<StringGraphType>("targetTable");
        Field<StringGraphType>("targetColumn");
        Field<JsonScalar>("config");
        Field<EnumerationGraphType<CheckSeverity>>("severity");
        Field<BooleanGraphType>("enabled");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
        Field<StringGraphType>("dataProductId");
    }
}
