.class public Lcase/Boundary;
.super Ljava/lang/Object;

# calls into an SDK chosen by Config.SinkFor (not by a pattern): data as a
# declared argument is a flow, named by the constant String before it
.method public static run(Lt/Sdk;)V
    .registers 4
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const-string v1, "query"
    invoke-virtual {p0, v1, v0}, Lt/Sdk;->tag(Ljava/lang/String;Ljava/lang/String;)V
    return-void
.end method

# data only in the receiver (an SDK object built from it elsewhere): calling
# a method of it with constant arguments is not a flow
.method public static receiverOnly()V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Conv;->wrap(Ljava/lang/String;)Lt/Sdk;
    move-result-object v1
    invoke-virtual {v1}, Lt/Sdk;->flush()V
    const/4 v2, 0x3
    invoke-virtual {v1, v2}, Lt/Sdk;->count(I)V
    return-void
.end method
