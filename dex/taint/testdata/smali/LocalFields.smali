.class public Lcase/LocalFields;
.super Ljava/lang/Object;

# a fresh object's field is overwritten before it is read (strong update): no leak
.method public static overwritten()V
    .registers 3
    new-instance v0, Lcase/Box;
    invoke-direct {v0}, Lcase/Box;-><init>()V
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v1
    iput-object v1, v0, Lcase/Box;->value:Ljava/lang/String;
    const-string v1, "clean"
    iput-object v1, v0, Lcase/Box;->value:Ljava/lang/String;
    iget-object v2, v0, Lcase/Box;->value:Ljava/lang/String;
    invoke-static {v2}, Lt/Snk;->sendOverwritten(Ljava/lang/String;)V
    return-void
.end method

# read before the tainted write: no leak
.method public static readBefore()V
    .registers 3
    new-instance v0, Lcase/Box;
    invoke-direct {v0}, Lcase/Box;-><init>()V
    iget-object v2, v0, Lcase/Box;->value:Ljava/lang/String;
    invoke-static {v2}, Lt/Snk;->sendBefore(Ljava/lang/String;)V
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v1
    iput-object v1, v0, Lcase/Box;->value:Ljava/lang/String;
    return-void
.end method

# written then read: leak
.method public static readAfter()V
    .registers 3
    new-instance v0, Lcase/Box;
    invoke-direct {v0}, Lcase/Box;-><init>()V
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v1
    iput-object v1, v0, Lcase/Box;->value:Ljava/lang/String;
    iget-object v2, v0, Lcase/Box;->value:Ljava/lang/String;
    invoke-static {v2}, Lt/Snk;->sendAfter(Ljava/lang/String;)V
    return-void
.end method

# map with constant keys: only the tainted key leaks
.method public static mapKeys()V
    .registers 5
    new-instance v0, Ljava/util/HashMap;
    invoke-direct {v0}, Ljava/util/HashMap;-><init>()V
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v1
    const-string v2, "secret"
    invoke-virtual {v0, v2, v1}, Ljava/util/HashMap;->put(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;
    const-string v2, "public"
    const-string v3, "x"
    invoke-virtual {v0, v2, v3}, Ljava/util/HashMap;->put(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;
    invoke-virtual {v0, v2}, Ljava/util/HashMap;->get(Ljava/lang/Object;)Ljava/lang/Object;
    move-result-object v4
    invoke-static {v4}, Lt/Snk;->sendPublicKey(Ljava/lang/Object;)V
    const-string v2, "secret"
    invoke-virtual {v0, v2}, Ljava/util/HashMap;->get(Ljava/lang/Object;)Ljava/lang/Object;
    move-result-object v4
    invoke-static {v4}, Lt/Snk;->sendSecretKey(Ljava/lang/Object;)V
    return-void
.end method
