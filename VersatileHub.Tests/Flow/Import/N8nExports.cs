namespace VersatileHub.Tests.Flow.Import;

/// <summary>Workflows as n8n's "Download" writes them (n8n 1.x: node type versions, positions, ids, expression markers).</summary>
public static class N8nExports
{
    /// <summary>
    /// An order webhook: a schedule also sweeps pending orders; big orders are tagged by a Set, routed by a Switch on the
    /// channel, enriched by a Code node, posted to the ERP by an HTTP Request (with a credential), and a Wait paces it.
    /// </summary>
    public const string Orders = """
    {
      "name": "Pedidos grandes al ERP",
      "nodes": [
        {
          "parameters": {
            "httpMethod": "POST",
            "path": "pedidos/nuevo",
            "responseMode": "onReceived",
            "options": {}
          },
          "id": "2d0b6f0e-8a53-4c1e-9d8e-6c7a1b2f3e41",
          "name": "Webhook",
          "type": "n8n-nodes-base.webhook",
          "typeVersion": 2,
          "position": [240, 300],
          "webhookId": "b7f9a3c2-5d14-4e6f-8a21-0c3d9e8f7a65"
        },
        {
          "parameters": {
            "rule": {
              "interval": [
                { "field": "hours", "hoursInterval": 2, "triggerAtMinute": 15 }
              ]
            }
          },
          "id": "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
          "name": "Schedule Trigger",
          "type": "n8n-nodes-base.scheduleTrigger",
          "typeVersion": 1.2,
          "position": [240, 520]
        },
        {
          "parameters": {
            "conditions": {
              "options": { "caseSensitive": true, "leftValue": "", "typeValidation": "strict", "version": 2 },
              "conditions": [
                {
                  "id": "5b2a9c1d-3e4f-4a5b-9c6d-7e8f9a0b1c2d",
                  "leftValue": "={{ $json.body.total }}",
                  "rightValue": 100000,
                  "operator": { "type": "number", "operation": "gt" }
                }
              ],
              "combinator": "and"
            },
            "options": {}
          },
          "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
          "name": "If",
          "type": "n8n-nodes-base.if",
          "typeVersion": 2.2,
          "position": [460, 300]
        },
        {
          "parameters": {
            "assignments": {
              "assignments": [
                { "id": "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", "name": "prioridad", "value": "alta", "type": "string" },
                { "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "pedido", "value": "={{ $json.body.id }}", "type": "number" }
              ]
            },
            "includeOtherFields": true,
            "options": {}
          },
          "id": "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
          "name": "Edit Fields",
          "type": "n8n-nodes-base.set",
          "typeVersion": 3.4,
          "position": [680, 200]
        },
        {
          "parameters": {
            "rules": {
              "values": [
                {
                  "conditions": {
                    "options": { "caseSensitive": true, "leftValue": "", "typeValidation": "strict", "version": 2 },
                    "conditions": [
                      {
                        "leftValue": "={{ $json.body.canal }}",
                        "rightValue": "whatsapp",
                        "operator": { "type": "string", "operation": "equals" },
                        "id": "6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a"
                      }
                    ],
                    "combinator": "and"
                  },
                  "renameOutput": true,
                  "outputKey": "WhatsApp"
                }
              ]
            },
            "options": { "fallbackOutput": "extra" }
          },
          "id": "8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c",
          "name": "Switch",
          "type": "n8n-nodes-base.switch",
          "typeVersion": 3.2,
          "position": [900, 200]
        },
        {
          "parameters": {
            "jsCode": "for (const item of $input.all()) {\n  item.json.recibido = new Date().toISOString();\n}\nreturn $input.all();"
          },
          "id": "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b",
          "name": "Code",
          "type": "n8n-nodes-base.code",
          "typeVersion": 2,
          "position": [1120, 200]
        },
        {
          "parameters": {
            "method": "POST",
            "url": "https://erp.example.com/api/resource/Sales Order",
            "authentication": "genericCredentialType",
            "genericAuthType": "httpHeaderAuth",
            "sendHeaders": true,
            "headerParameters": { "parameters": [ { "name": "X-Origen", "value": "n8n" } ] },
            "sendBody": true,
            "specifyBody": "json",
            "jsonBody": "={\n  \"customer\": \"{{ $json.body.cliente }}\",\n  \"po_no\": \"{{ $json.pedido }}\"\n}",
            "options": { "timeout": 10000 }
          },
          "id": "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c",
          "name": "HTTP Request",
          "type": "n8n-nodes-base.httpRequest",
          "typeVersion": 4.2,
          "position": [1340, 200],
          "credentials": { "httpHeaderAuth": { "id": "Xy12AbCdEf34GhIj", "name": "ERP token" } },
          "retryOnFail": true,
          "maxTries": 4,
          "waitBetweenTries": 2000,
          "onError": "continueRegularOutput"
        },
        {
          "parameters": { "amount": 30, "unit": "seconds" },
          "id": "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d",
          "name": "Wait",
          "type": "n8n-nodes-base.wait",
          "typeVersion": 1.1,
          "position": [680, 420],
          "webhookId": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
        },
        {
          "parameters": { "content": "## Pedidos\nLos grandes van al ERP.", "height": 240, "width": 300 },
          "id": "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
          "name": "Sticky Note",
          "type": "n8n-nodes-base.stickyNote",
          "typeVersion": 1,
          "position": [160, 80]
        }
      ],
      "pinData": {},
      "connections": {
        "Webhook": { "main": [ [ { "node": "If", "type": "main", "index": 0 } ] ] },
        "Schedule Trigger": { "main": [ [ { "node": "Wait", "type": "main", "index": 0 } ] ] },
        "If": { "main": [ [ { "node": "Edit Fields", "type": "main", "index": 0 } ], [ { "node": "Wait", "type": "main", "index": 0 } ] ] },
        "Edit Fields": { "main": [ [ { "node": "Switch", "type": "main", "index": 0 } ] ] },
        "Switch": { "main": [ [ { "node": "Code", "type": "main", "index": 0 } ], [ { "node": "Code", "type": "main", "index": 0 } ] ] },
        "Code": { "main": [ [ { "node": "HTTP Request", "type": "main", "index": 0 } ] ] }
      },
      "active": true,
      "settings": { "executionOrder": "v1", "timezone": "America/Argentina/Buenos_Aires", "saveManualExecutions": true },
      "versionId": "e4d3c2b1-a098-4f7e-8d6c-5b4a39281706",
      "meta": { "templateCredsSetupCompleted": true, "instanceId": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9" },
      "id": "Qw7ErTy8UiOp9AsD",
      "tags": []
    }
    """;

    /// <summary>A webhook answered by Slack and an AI agent: neither is a Flow node.</summary>
    public const string WithUnsupportedNodes = """
    {
      "name": "Avisos a Slack",
      "nodes": [
        {
          "parameters": { "httpMethod": "POST", "path": "avisos", "options": {} },
          "id": "11111111-2222-4333-8444-555555555555",
          "name": "Webhook",
          "type": "n8n-nodes-base.webhook",
          "typeVersion": 2,
          "position": [0, 0],
          "webhookId": "66666666-7777-4888-9999-000000000000"
        },
        {
          "parameters": { "select": "channel", "channelId": { "__rl": true, "value": "C0123456", "mode": "id" }, "text": "={{ $json.body.mensaje }}", "otherOptions": {} },
          "id": "22222222-3333-4444-8555-666666666666",
          "name": "Avisar en Slack",
          "type": "n8n-nodes-base.slack",
          "typeVersion": 2.2,
          "position": [220, 0],
          "credentials": { "slackApi": { "id": "aBcDeFgHiJkLmNoP", "name": "Slack account" } }
        },
        {
          "parameters": { "promptType": "define", "text": "={{ $json.body.mensaje }}", "options": {} },
          "id": "33333333-4444-4555-8666-777777777777",
          "name": "AI Agent",
          "type": "@n8n/n8n-nodes-langchain.agent",
          "typeVersion": 1.7,
          "position": [220, 200]
        },
        {
          "parameters": { "language": "python", "pythonCode": "return _input.all()" },
          "id": "44444444-5555-4666-8777-888888888888",
          "name": "Code in Python",
          "type": "n8n-nodes-base.code",
          "typeVersion": 2,
          "position": [440, 0]
        }
      ],
      "connections": {
        "Webhook": { "main": [ [ { "node": "Avisar en Slack", "type": "main", "index": 0 }, { "node": "AI Agent", "type": "main", "index": 0 } ] ] },
        "Avisar en Slack": { "main": [ [ { "node": "Code in Python", "type": "main", "index": 0 } ] ] }
      },
      "active": false,
      "settings": { "executionOrder": "v1" },
      "id": "Zx9CvBnM1LkJhGfD",
      "tags": []
    }
    """;
}
