.class public Lt/Api28;
.super Ljava/lang/Object;

.method public static bsm(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    .registers 4
    const/4 v0, 0x0
    return-object v0
.end method

.method public static poly(Ljava/lang/invoke/MethodHandle;)V
    .registers 4
    invoke-polymorphic {p0, v0, v1}, Ljava/lang/invoke/MethodHandle;->invoke([Ljava/lang/Object;)Ljava/lang/Object;, (II)V
    invoke-polymorphic/range {p0 .. p0}, Ljava/lang/invoke/MethodHandle;->invokeExact([Ljava/lang/Object;)Ljava/lang/Object;, ()V
    const-method-handle v0, invoke-static@Lt/Api28;->poly(Ljava/lang/invoke/MethodHandle;)V
    const-method-type v0, (II)I
    invoke-custom {v0}, call_site_0("run", (I)V)@Lt/Api28;->bsm(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    invoke-custom/range {v0 .. v1}, call_site_1("run2", (II)V, "extra")@Lt/Api28;->bsm(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    return-void
.end method
